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
    g.BroadcastChannel = BroadcastChannel;
    g.structuredClone = structuredClone;
  }
}

module.exports = Environment;
