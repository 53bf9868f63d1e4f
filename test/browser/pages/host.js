// The test host, playing Salesforce's Lightning page: iframes the adapter page from
// the connector's origin, sets it up with SETUP_CONNECTOR and a MessagePort exactly as
// the base library expects, and records everything that comes back over the port in
// window.__received for the test to read. A second frame on the connector's origin
// (remote.html) relays simulator commands over the BroadcastChannel.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var connectorOrigin = params.get('connector');
  var adapterPath = params.get('adapter') || '/index.html';

  /** Every message from the connector: { gen, type, payload }. */
  window.__received = [];
  /** Generation of the adapter page: incremented by each (re)load. */
  window.__generation = 0;
  var port = null;
  var adapter = null;
  var adapterLoaded = null;

  function loadAdapter() {
    adapterLoaded = new Promise(function (resolve) {
      adapter.addEventListener('load', function onLoad() {
        adapter.removeEventListener('load', onLoad);
        resolve();
      });
    });
    adapter.src = connectorOrigin + adapterPath;
  }

  function mount() {
    adapter = document.createElement('iframe');
    adapter.id = 'adapter';
    adapter.title = 'connector';
    document.body.appendChild(adapter);
    loadAdapter();
    var remote = document.createElement('iframe');
    remote.id = 'remote';
    remote.title = 'simulator remote control';
    remote.src = connectorOrigin + '/remote.html';
    document.body.appendChild(remote);
  }

  /** Posts SETUP_CONNECTOR with a fresh MessageChannel once the adapter page has loaded. */
  window.__setup = function (connectorConfig) {
    return adapterLoaded.then(function () {
      var gen = window.__generation;
      var channel = new MessageChannel();
      port = channel.port1;
      port.onmessage = function (event) {
        var data = event.data || {};
        window.__received.push({ gen: gen, type: data.type, payload: data.payload });
      };
      adapter.contentWindow.postMessage(
        { type: 'SETUP_CONNECTOR', connectorConfig: connectorConfig },
        connectorOrigin,
        [channel.port2],
      );
    });
  };

  /** Sends a channel message (SET_AGENT_STATUS, ACCEPT_CALL …) to the connector. */
  window.__send = function (message) {
    port.postMessage(message);
  };

  /** Reloads the adapter page (a fresh page load: the connector needs a new setup). */
  window.__reloadAdapter = function () {
    if (port) port.close();
    port = null;
    window.__generation += 1;
    loadAdapter();
    return adapterLoaded;
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mount);
  } else {
    mount();
  }
})();
