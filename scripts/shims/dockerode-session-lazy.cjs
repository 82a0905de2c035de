// Build shim: dockerode's BuildKit session pulls in gRPC at load time; ish-monitor never builds
// images through BuildKit, so the real module is loaded only if something ever calls it.
const name = 'dockerode/lib/session.js';
module.exports = function withSessionLazy(...args) {
  return require(name).apply(this, args);
};
