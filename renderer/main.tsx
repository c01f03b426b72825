import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { ChannelOutput } from '../shared/contract';
import { invoke } from './bridge';

type Status = ChannelOutput<'clients.status'>;

function App() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    invoke('clients.status', {}).then(setStatus, (e: Error) => setError(e.message));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui', maxWidth: 880, margin: '3em auto' }}>
      <h1>Switchboard</h1>
      {error && <p role="alert">{error}</p>}
      {status && (
        <table>
          <thead>
            <tr><th align="left">Tool</th><th align="left">Provider</th><th align="left">Mode</th><th align="left">Points at</th></tr>
          </thead>
          <tbody>
            {status.map((c) => (
              <tr key={c.client}>
                <td>{c.label}</td>
                <td>{c.applied?.provider ?? '-'}</td>
                <td>{c.applied?.mode ?? '-'}</td>
                <td>{c.current.baseUrl ?? '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
