import { describe, expect, it } from 'vitest';
import { maskedDiff } from '../../../electron/core/files/maskedDiff';

describe('maskedDiff', () => {
  it('shows a unified diff with the given secrets and secret-looking values masked', () => {
    const before = '{\n  "OPENAI_API_KEY": "sk-old-secret-aaaa1111",\n  "tokens": {\n    "access_token": "eyJhbGciOiJSUzI1NiJ9.payload.sig9",\n    "account_id": "acct-1"\n  }\n}\n';
    const after = before.replace('sk-old-secret-aaaa1111', 'sk-new-secret-bbbb2222');
    const diff = maskedDiff('/x/auth.json', before, after, ['sk-new-secret-bbbb2222', 'sk-old-secret-aaaa1111']);
    expect(diff.startsWith('--- /x/auth.json\n+++ /x/auth.json\n@@ ')).toBe(true);
    expect(diff).toContain('-  "OPENAI_API_KEY": "sk-…1111",');
    expect(diff).toContain('+  "OPENAI_API_KEY": "sk-…2222",');
    expect(diff).toContain('"access_token": "…sig9"');
    expect(diff).not.toMatch(/sk-old-secret|sk-new-secret|eyJhbGci/);
  });

  it('marks created files and leaves variable names, references and flags readable', () => {
    const diff = maskedDiff('/x/config.yaml', null, 'model:\n  key_env: SWITCHBOARD_API_KEY\n  api_key: ${MY_KEY}\n  max_tokens: 4096\n  token_budget: true\n', []);
    expect(diff.startsWith('--- /dev/null\n+++ /x/config.yaml\n')).toBe(true);
    expect(diff).toContain('+  key_env: SWITCHBOARD_API_KEY');
    expect(diff).toContain('+  api_key: ${MY_KEY}');
    expect(diff).toContain('+  max_tokens: 4096');
    expect(diff).toContain('+  token_budget: true');
  });

  it('masks TOML and .env spellings', () => {
    const diff = maskedDiff('/x/c', '', 'experimental_bearer_token = "sb-abcdefghijklmn"\nDEEPSEEK_API_KEY=sk-deepseek-99990000\n', []);
    expect(diff).toContain('+experimental_bearer_token = "sb-…klmn"');
    expect(diff).toContain('+DEEPSEEK_API_KEY=sk-…0000');
  });

  it('masks every value of a .env file, whatever its variable is called, in changed and context lines', () => {
    const before = 'DATABASE_URL=postgres://admin:hunter2@db.example.com/app\nexport GITHUB_PAT="ghp_abcdefghijklmnopqrstuvwxyz0123"\nGW=sk-old-key-11112222\nDEBUG=true\nPORT=8080\nREF=${OTHER}\n';
    const after = before.replace('sk-old-key-11112222', 'sk-new-key-33334444');
    const diff = maskedDiff('/u/.hermes/.env', before, after, ['sk-old-key-11112222', 'sk-new-key-33334444']);
    expect(diff).toContain(' DATABASE_URL=…/app\n export GITHUB_PAT="…0123"\n-GW=sk-…2222\n+GW=sk-…4444\n DEBUG=true\n PORT=8080\n REF=${OTHER}');
    expect(diff).not.toMatch(/hunter2|ghp_/);
  });

  it('masks the password of a URL that carries one, in any file and under any name', () => {
    const before = '{\n  "env": {\n    "DATABASE_URL": "postgres://admin:hunter2@db.example.com/app",\n    "ANTHROPIC_BASE_URL": "https://gw.example.com",\n    "ANTHROPIC_AUTH_TOKEN": "sk-old-aaaa1111"\n  }\n}\n';
    const after = before.replace('sk-old-aaaa1111', 'sk-new-bbbb2222');
    const diff = maskedDiff('/u/.claude/settings.json', before, after, ['sk-old-aaaa1111', 'sk-new-bbbb2222']);
    expect(diff).toContain('     "DATABASE_URL": "postgres://admin:…@db.example.com/…",');
    expect(diff).toContain('     "ANTHROPIC_BASE_URL": "https://gw.example.com",');
    expect(diff).not.toContain('hunter2');
    expect(maskedDiff('/x/config.toml', '', 'proxy = "http://me:s3cret@10.0.0.1:3128"\n', [])).toContain('+proxy = "http://me:…@10.0.0.1:3128"');
  });

  it('shows a URL under any name by its host alone, except the URLs the change is about', () => {
    const before = '{\n  "env": {\n    "SLACK_WEBHOOK": "https://hooks.slack.com/services/T000/B000/XXXXSECRET",\n    "SENTRY_DSN": "https://abc123publickey@o1.ingest.sentry.io/42",\n    "ANTHROPIC_BASE_URL": "https://old.example.com/relay"\n  }\n}\n';
    const after = before.replace('https://old.example.com/relay', 'https://gw.example.com/all');
    const diff = maskedDiff('/u/.claude/settings.json', before, after, [], ['https://old.example.com/relay', 'https://gw.example.com/all']);
    expect(diff).toContain('     "SLACK_WEBHOOK": "https://hooks.slack.com/…",\n');
    expect(diff).toContain('     "SENTRY_DSN": "https://…@o1.ingest.sentry.io/…",\n');
    expect(diff).toContain('-    "ANTHROPIC_BASE_URL": "https://old.example.com/relay"\n+    "ANTHROPIC_BASE_URL": "https://gw.example.com/all"');
    expect(diff).not.toMatch(/XXXXSECRET|abc123publickey|services/);
    const yaml = maskedDiff('/u/.hermes/config.yaml', '', 'hooks: {done: https://example.com/hook?sig=0123456789abcdef}\nroot: https://example.com/\n', []);
    expect(yaml).toContain('+hooks: {done: https://example.com/…}\n+root: https://example.com/');
  });

  it('masks a token whose shape gives it away, whatever it is called', () => {
    const diff = maskedDiff('/x/config.toml', '', 'notify_with = "xoxb-1234567890-abcdefghijkl"\nheader = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"\nmodel = "gpt-5.1-codex-max"\n', []);
    expect(diff).toContain('+notify_with = "…ijkl"');
    expect(diff).toContain('+header = "Bearer ….sig"');
    expect(diff).toContain('+model = "gpt-5.1-codex-max"');
  });
});
