/** Switchboard's version, in a module of its own so that "switchboard --version" loads nothing else. */
export const APP_VERSION = '0.1.0';
