import { contextBridge, ipcRenderer } from 'electron';

// The renderer gets exactly one function: invoke a contract channel. Validation happens in main.
contextBridge.exposeInMainWorld('switchboard', {
  invoke: (channel: string, input: unknown) => ipcRenderer.invoke('rpc', channel, input),
});
