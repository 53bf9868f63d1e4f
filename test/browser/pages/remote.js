// Remote control for the simulated partner system, on the connector's origin so it
// shares the BroadcastChannel 'scv-partner-simulator' with the adapter page. The test
// drives it through page.evaluate: __simSend(command) relays a command, __simStates
// holds every STATE message seen, __simState() asks for a fresh one.
(function () {
  'use strict';
  var channel = new BroadcastChannel('scv-partner-simulator');
  window.__simStates = [];
  var waiters = [];
  channel.onmessage = function (event) {
    var data = event.data;
    if (data && data.type === 'STATE') {
      window.__simStates.push(data);
      var ready = waiters;
      waiters = [];
      ready.forEach(function (resolve) { resolve(data); });
    }
  };
  window.__simSend = function (command) {
    channel.postMessage(command);
  };
  /** Resolves with the next STATE after asking for one (null after timeoutMs). */
  window.__simState = function (timeoutMs) {
    return new Promise(function (resolve) {
      waiters.push(resolve);
      setTimeout(function () { resolve(null); }, timeoutMs || 2000);
      channel.postMessage({ type: 'GET_STATE' });
    });
  };
})();
