// Build shim: docker-modem requires ssh2 at load time, but only ssh:// Docker hosts use it.
// Loading it lazily keeps every other command's start-up free of ssh2 and its crypto.
const name = 'ssh2';
module.exports = {
  get Client() {
    return require(name).Client;
  },
};
