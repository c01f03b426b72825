import { contextBridge, ipcRenderer } from 'electron';
import { isChannel } from '../shared/contract';

// The renderer gets exactly one function: invoke a channel of the contract. Input and output are validated in main.
contextBridge.exposeInMainWorld('switchboard', {
  invoke: (channel: string, input: unknown) => {
    if (!isChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'not_found', message: `There is no channel named "${channel}".` } });
    return ipcRenderer.invoke('rpc', channel, input);
  },
});
