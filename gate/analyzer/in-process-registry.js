// Packs loaded in this process, keyed by folder. Plain JavaScript loaded with Node's own require, so
// it is shared by every module registry in the process (jest gives each test file its own).
module.exports = new Map();
