// jsdom lacks MessageChannel, BroadcastChannel and structuredClone; the base library
// and the simulator need them, so Node's own implementations are put into the window.
const JSDOMEnvironment = require('jest-environment-jsdom').default;
const { MessageChannel, MessagePort, BroadcastChannel } = require('node:worker_threads');

class Environment extends JSDOMEnvironment {
  constructor(config, context) {
    super(config, context);
    const g = this.global;
    g.MessageChannel = MessageChannel;
    g.MessagePort = MessagePort;
    // Unreferenced, so a channel a test forgot to close cannot keep jest alive.
    g.BroadcastChannel = class extends BroadcastChannel {
      constructor(name) {
        super(name);
        this.unref();
      }
    };
    g.structuredClone = structuredClone;
  }
}

module.exports = Environment;
