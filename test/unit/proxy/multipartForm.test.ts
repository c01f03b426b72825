import { describe, expect, it } from 'vitest';
import { multipartBoundary, multipartField, replaceMultipartField } from '../../../electron/core/proxy/multipartForm';

/** A form as fetch's own encoder writes it (CRLF line breaks, its own boundary). */
async function encoded(form: FormData): Promise<{ body: Buffer; contentType: string; boundary: string }> {
  const response = new Response(form);
  const contentType = response.headers.get('content-type') ?? '';
  const boundary = multipartBoundary(contentType);
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  return { body: Buffer.from(await response.arrayBuffer()), contentType, boundary };
}

/** The form as fetch's own parser reads it back: the strict check that a rewritten body is still well-formed. */
async function decoded(body: Buffer, contentType: string): Promise<FormData> {
  return new Request('http://localhost/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
}

/** Audio-like bytes that hold the word "model", a field header and CR/LF bytes, none of which may be touched. */
const TRICKY_FILE = Buffer.concat([
  Buffer.from([0xff, 0xfb, 0x90, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
  Buffer.from('model\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n'),
  Buffer.from([0x00, 0x80, 0xfe, 0x0a, 0x0a]),
]);

describe('multipartBoundary', () => {
  it('reads a bare or quoted boundary, and refuses other content types', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
    expect(multipartBoundary('multipart/form-data')).toBeNull();
    expect(multipartBoundary('application/json')).toBeNull();
    expect(multipartBoundary('multipart/mixed; boundary=x')).toBeNull();
  });
});

describe('multipartField and replaceMultipartField', () => {
  it('rewrites only the model field of a CRLF form; the file part (holding "model" bytes) arrives byte for byte', async () => {
    const form = new FormData();
    form.append('file', new Blob([TRICKY_FILE], { type: 'audio/mpeg' }), 'model.mp3');
    form.append('model', 'whisper-1');
    form.append('response_format', 'text');
    const { body, contentType, boundary } = await encoded(form);

    expect(multipartField(body, boundary, 'model')).toBe('whisper-1');
    const rewritten = replaceMultipartField(body, boundary, 'model', 'gpt-4o-transcribe');
    expect(rewritten.length).toBe(body.length + 'gpt-4o-transcribe'.length - 'whisper-1'.length);
    expect(multipartField(rewritten, boundary, 'model')).toBe('gpt-4o-transcribe');

    const back = await decoded(rewritten, contentType);
    expect(back.get('model')).toBe('gpt-4o-transcribe');
    expect(back.get('response_format')).toBe('text');
    const file = back.get('file') as File;
    expect(file.name).toBe('model.mp3');
    expect(Buffer.from(await file.arrayBuffer()).equals(TRICKY_FILE)).toBe(true);
    // Everything before the model field's value is the caller's bytes unchanged.
    const valueAt = body.indexOf('whisper-1', body.lastIndexOf('name="model"'));
    expect(rewritten.subarray(0, valueAt).equals(body.subarray(0, valueAt))).toBe(true);
  });

  it('finds the model field when it comes first, and in a form with LF line breaks only', () => {
    const boundary = 'XyZ';
    const lf = Buffer.from(['--XyZ', 'Content-Disposition: form-data; name="model"', '', 'tts-1', '--XyZ', 'Content-Disposition: form-data; name="input"', '', 'hello', '--XyZ--', ''].join('\n'));
    expect(multipartField(lf, boundary, 'model')).toBe('tts-1');
    expect(replaceMultipartField(lf, boundary, 'model', 'tts-1-hd').toString()).toBe(lf.toString().replace('\n\ntts-1\n', '\n\ntts-1-hd\n'));
    expect(multipartField(lf, boundary, 'input')).toBe('hello');
  });

  it('a file part named like the field is not the field, and a quoted ";" in a file name does not hide that it is a file', () => {
    const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));
    const body = crlf([
      '--b',
      'Content-Disposition: form-data; name="model"; filename="a;b.bin"',
      'Content-Type: application/octet-stream',
      '',
      'not-a-model',
      '--b',
      'Content-Disposition: form-data; name=model',
      '',
      'dall-e-2',
      '--b--',
      '',
    ]);
    expect(multipartField(body, 'b', 'model')).toBe('dall-e-2');
    expect(replaceMultipartField(body, 'b', 'model', 'gpt-image-1').toString()).toContain('filename="a;b.bin"\r\nContent-Type: application/octet-stream\r\n\r\nnot-a-model\r\n');
  });

  it('a form without the field comes back as the very same bytes', async () => {
    const form = new FormData();
    form.append('file', new Blob([TRICKY_FILE]), 'clip.wav');
    form.append('language', 'en');
    const { body, boundary } = await encoded(form);
    expect(multipartField(body, boundary, 'model')).toBeUndefined();
    expect(replaceMultipartField(body, boundary, 'model', 'whisper-1')).toBe(body);
  });

  it('an empty value is read as empty and can be replaced; a truncated body yields no field', () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="model"\r\n\r\n\r\n--b--\r\n');
    expect(multipartField(body, 'b', 'model')).toBe('');
    expect(replaceMultipartField(body, 'b', 'model', 'whisper-1').toString()).toBe('--b\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--b--\r\n');
    const truncated = Buffer.from('--b\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1');
    expect(multipartField(truncated, 'b', 'model')).toBeUndefined();
    expect(replaceMultipartField(truncated, 'b', 'model', 'x')).toBe(truncated);
  });
});
