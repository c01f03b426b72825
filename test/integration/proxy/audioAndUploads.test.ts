/**
 * Speech, transcription, translation, moderations and image edits go along the route like
 * embeddings: failover, each hop's own model (written into a JSON body, or into the `model`
 * field of an upload whose other bytes pass unchanged), audio and text replies relayed as they
 * came, one ledger row per call. The caller is the official openai client, a strict parser.
 */
import { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { heardText, spokenAudio } from '../../fixtures/gateway/relay/audio';
import { IDENTITY, ledgerRowOf, refusal, sentTo, startBench, type Bench } from './sideEndpointBench';

const SPEECH = '/v1/audio/speech';
const TRANSCRIPTIONS = '/v1/audio/transcriptions';
const TRANSLATIONS = '/v1/audio/translations';
const MODERATIONS = '/v1/moderations';
const IMAGE_EDITS = '/v1/images/edits';

/** Each hop asks for its own models; "steady" serves whisper as gpt-4o-transcribe, which reports tokens. */
const ROUTE = [
  { provider: 'flaky', models: { 'whisper-*': 'flaky-whisper', 'tts-*': 'flaky-tts', 'dall-e-*': 'flaky-image' } },
  { provider: 'steady', models: { 'whisper-*': 'gpt-4o-transcribe', 'tts-*': 'gpt-4o-mini-tts', 'dall-e-*': 'gpt-image-1' } },
];

/** Audio-like bytes that are not UTF-8 and hold the word "model", a form-field header and line breaks. */
const CLIP = Buffer.concat([
  Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0xff, 0xfb, 0x90, 0x0d, 0x0a, 0x0d, 0x0a]),
  Buffer.from('model\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n'),
  Buffer.alloc(4096, 0xc3),
]);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const estimated = (text: string) => Math.ceil(text.length / 4);
const served = (response: Response) => ({ provider: response.headers.get('x-switchboard-provider'), model: response.headers.get('x-switchboard-model'), requestId: response.headers.get('x-request-id') });
const lastSent = (b: Bench, gateway: 'flaky' | 'steady', path: string) => sentTo(b[gateway], path).at(-1);

describe('audio, moderations and image edits along the route, with the openai client', () => {
  let b: Bench;
  beforeAll(async () => {
    b = await startBench({ breakerThreshold: 1000 });
  });
  afterAll(() => b.close());
  beforeEach(async () => {
    await b.sb.app.handlers['routes.set']({ client: 'chat', hops: ROUTE });
  });

  it('speech: a first hop answering 500 fails over; the audio bytes and their type arrive unchanged; the ledger estimates from the input', async () => {
    b.flaky.override({ path: SPEECH }, { kind: 'error', status: 500, message: 'voice backend exploded' }, { times: 1 });
    const input = 'Switchboard reads this sentence aloud, with the odd byte: ü.';
    const response = await b.openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input });
    const audio = Buffer.from(await response.arrayBuffer());
    expect(audio.equals(spokenAudio(input))).toBe(true);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(served(response)).toMatchObject({ provider: 'steady', model: 'gpt-4o-mini-tts' });

    expect(lastSent(b, 'flaky', SPEECH)?.body).toMatchObject({ model: 'flaky-tts', input, voice: 'alloy' });
    const atSteady = lastSent(b, 'steady', SPEECH);
    expect(atSteady?.body).toMatchObject({ model: 'gpt-4o-mini-tts', input, voice: 'alloy' });
    expect(atSteady?.headers).toMatchObject({ ...IDENTITY, authorization: `Bearer ${b.steady.apiKey}` });

    expect(await ledgerRowOf(b, served(response).requestId)).toMatchObject({
      provider: 'steady',
      endpoint: 'audio.speech',
      requestedModel: 'tts-1',
      servedModel: 'gpt-4o-mini-tts',
      status: 200,
      attempts: 2,
      failedProviders: ['flaky'],
      inputTokens: estimated(input),
      outputTokens: 0,
      estimated: true,
    });

    const wav = await b.openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'short', response_format: 'wav' });
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await wav.arrayBuffer()).equals(spokenAudio('short'))).toBe(true);
  });

  it('speech: a hop answering 200 with an HTML page is a failure, and the next hop answers', async () => {
    b.flaky.override({ path: SPEECH }, { kind: 'html', title: 'Just a moment...' }, { times: 1 });
    const response = await b.openai.audio.speech.create({ model: 'tts-1', voice: 'nova', input: 'hello' });
    expect(served(response).provider).toBe('steady');
    expect(Buffer.from(await response.arrayBuffer()).equals(spokenAudio('hello'))).toBe(true);
    expect(await ledgerRowOf(b, served(response).requestId)).toMatchObject({ provider: 'steady', attempts: 2, failedProviders: ['flaky'] });
  });

  it('transcription: fails over, and the upload reaches each hop byte for byte but for its own model; the ledger keeps the tokens reported', async () => {
    b.flaky.override({ path: TRANSCRIPTIONS }, { kind: 'error', status: 502, message: 'transcriber down' }, { times: 1 });
    const file = await toFile(CLIP, 'meeting.mp3', { type: 'audio/mpeg' });
    const { data, response } = await b.openai.audio.transcriptions.create({ file, model: 'whisper-1', language: 'en' }).withResponse();
    expect(data.text).toBe(heardText('meeting.mp3', CLIP));
    expect(served(response)).toMatchObject({ provider: 'steady', model: 'gpt-4o-transcribe' });

    const atFlaky = lastSent(b, 'flaky', TRANSCRIPTIONS);
    const atSteady = lastSent(b, 'steady', TRANSCRIPTIONS);
    expect(atFlaky?.form?.get('model')).toBe('flaky-whisper');
    expect(atSteady?.form?.get('model')).toBe('gpt-4o-transcribe');
    expect(atSteady?.form?.get('language')).toBe('en');
    const uploaded = atSteady?.form?.get('file') as File;
    expect(Buffer.from(await uploaded.arrayBuffer()).equals(CLIP)).toBe(true);
    // Both hops got the caller's form, boundary and all, with only the model's value changed.
    expect(atSteady?.headers['content-type']).toBe(atFlaky?.headers['content-type']);
    expect(atSteady?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(atSteady?.bytes.toString('latin1')).toBe(atFlaky?.bytes.toString('latin1').replace('\r\n\r\nflaky-whisper\r\n', '\r\n\r\ngpt-4o-transcribe\r\n'));
    expect(atSteady?.headers).toMatchObject({ ...IDENTITY, authorization: `Bearer ${b.steady.apiKey}` });

    const usage = data.usage as { type: 'tokens'; input_tokens: number; output_tokens: number };
    expect(usage.type).toBe('tokens');
    expect(await ledgerRowOf(b, served(response).requestId)).toMatchObject({
      provider: 'steady',
      endpoint: 'audio.transcriptions',
      requestedModel: 'whisper-1',
      servedModel: 'gpt-4o-transcribe',
      status: 200,
      attempts: 2,
      failedProviders: ['flaky'],
      inputTokens: usage.input_tokens,
      outputTokens: usage.output_tokens,
      estimated: false,
    });
  });

  it('transcription as text and as VTT: the text is relayed with its type; usage reported in seconds is recorded as no tokens, not estimated', async () => {
    const text = await b.openai.audio.transcriptions.create({ file: await toFile(CLIP, 'a.wav'), model: 'whisper-1', response_format: 'text' }).withResponse();
    expect(text.data).toBe(`${heardText('a.wav', CLIP)}\n`);
    expect(text.response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(served(text.response)).toMatchObject({ provider: 'flaky', model: 'flaky-whisper' });
    expect(await ledgerRowOf(b, served(text.response).requestId)).toMatchObject({ provider: 'flaky', status: 200, attempts: 1, inputTokens: 0, outputTokens: 0, estimated: false });

    const vtt = await b.openai.audio.transcriptions.create({ file: await toFile(CLIP, 'a.wav'), model: 'whisper-1', response_format: 'vtt' }).withResponse();
    expect(vtt.data).toMatch(new RegExp(`^WEBVTT\\n\\n00:00:00.000 --> .*\\n${heardText('a.wav', CLIP)}\\n`));
    expect(vtt.response.headers.get('content-type')).toBe('text/vtt; charset=utf-8');

    const json = await b.openai.audio.transcriptions.create({ file: await toFile(CLIP, 'a.wav'), model: 'whisper-1' }).withResponse();
    expect(json.data.usage).toMatchObject({ type: 'duration' });
    expect(await ledgerRowOf(b, served(json.response).requestId)).toMatchObject({ provider: 'flaky', status: 200, inputTokens: 0, estimated: false });
  });

  it('transcription: an upload of 25 MiB (OpenAI takes files up to 25 MB) is within the proxy\'s body limit', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024, 0xfb);
    const { data, response } = await b.openai.audio.transcriptions.create({ file: await toFile(big, 'lecture.mp3'), model: 'whisper-1' }).withResponse();
    expect(data.text).toBe(heardText('lecture.mp3', big));
    expect(served(response).provider).toBe('flaky');
    // The recorded copies are dropped: the bench lives on for the other tests.
    b.flaky.requests.splice(0);
  });

  it('translation: an unreachable first gateway fails over to the next', async () => {
    await b.flaky.setOffline(true);
    try {
      const { data, response } = await b.openai.audio.translations.create({ file: await toFile(CLIP, 'interview.m4a'), model: 'whisper-1' }).withResponse();
      expect(data.text).toBe(heardText('interview.m4a', CLIP));
      expect(served(response)).toMatchObject({ provider: 'steady', model: 'gpt-4o-transcribe' });
      expect(lastSent(b, 'steady', TRANSLATIONS)?.form?.get('model')).toBe('gpt-4o-transcribe');
      expect(await ledgerRowOf(b, served(response).requestId)).toMatchObject({ provider: 'steady', attempts: 2, failedProviders: ['flaky'] });
    } finally {
      await b.flaky.setOffline(false);
    }
  });

  it('moderations: answered as JSON; with no usage in the reply the ledger estimates from the input texts', async () => {
    const input = ['a friendly greeting', 'please flag me now'];
    const { data, response } = await b.openai.moderations.create({ model: 'omni-moderation-latest', input }).withResponse();
    expect(data.results.map((r) => r.flagged)).toEqual([false, true]);
    expect(served(response).provider).toBe('flaky');
    expect(lastSent(b, 'flaky', MODERATIONS)?.body).toMatchObject({ model: 'omni-moderation-latest', input });
    expect(await ledgerRowOf(b, served(response).requestId)).toMatchObject({
      provider: 'flaky',
      endpoint: 'moderations',
      requestedModel: 'omni-moderation-latest',
      status: 200,
      attempts: 1,
      inputTokens: input.reduce((sum, text) => sum + estimated(text), 0),
      estimated: true,
      estimatedCounts: 'all',
    });
  });

  it('image edits: fails over with the upload mapped to the next hop\'s model; the ledger keeps the image tokens', async () => {
    b.flaky.override({ path: IMAGE_EDITS }, { kind: 'error', status: 503, message: 'painter busy' }, { times: 1 });
    const prompt = 'give the lighthouse a red roof';
    const { data, response } = await b.openai.images.edit({ model: 'dall-e-2', image: await toFile(PNG, 'lighthouse.png', { type: 'image/png' }), prompt }).withResponse();
    expect(data.data?.[0].b64_json).toBeTruthy();
    expect(served(response)).toMatchObject({ provider: 'steady', model: 'gpt-image-1' });
    expect(lastSent(b, 'flaky', IMAGE_EDITS)?.form?.get('model')).toBe('flaky-image');
    const atSteady = lastSent(b, 'steady', IMAGE_EDITS);
    expect(atSteady?.form?.get('model')).toBe('gpt-image-1');
    expect(atSteady?.form?.get('prompt')).toBe(prompt);
    expect(Buffer.from(await (atSteady?.form?.get('image') as File).arrayBuffer()).equals(PNG)).toBe(true);
    expect(await ledgerRowOf(b, served(response).requestId)).toMatchObject({
      provider: 'steady',
      endpoint: 'images.edits',
      servedModel: 'gpt-image-1',
      attempts: 2,
      failedProviders: ['flaky'],
      inputTokens: data.usage?.input_tokens,
      outputTokens: data.usage?.output_tokens,
      estimated: false,
    });
  });

  it('a route with no OpenAI hop, a model the route cannot serve, and a body that is neither an upload nor JSON get the answers embeddings get', async () => {
    await b.sb.app.handlers['routes.set']({ client: 'chat', providers: ['flaky-claude'] });
    const none = await refusal(b.openai.audio.transcriptions.create({ file: await toFile(CLIP, 'x.mp3'), model: 'whisper-1' }));
    expect(none.status).toBe(503);
    expect(none.message).toMatch(/\/v1\/audio\/transcriptions needs a provider that speaks the OpenAI protocol.*flaky-claude/);
    expect(await ledgerRowOf(b, none.requestId)).toMatchObject({ status: 503, errorClass: 'no_provider', attempts: 0, requestedModel: 'whisper-1' });

    await b.sb.app.handlers['routes.set']({ client: 'chat', hops: [{ provider: 'steady', models: { 'tts-1': 'gpt-4o-mini-tts' } }], strictModel: true });
    const unserved = await refusal(b.openai.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi' }));
    expect(unserved.status).toBe(400);
    expect(unserved.message).toMatch(/No provider in this route serves tts-1/);

    const plain = await fetch(`${b.sb.url}${TRANSCRIPTIONS}`, { method: 'POST', headers: { authorization: `Bearer ${b.sb.app.tokens.ensure('chat')}`, 'content-type': 'audio/mpeg' }, body: new Uint8Array(CLIP) });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: { message: string } }).error.message).toMatch(/must be multipart\/form-data \(with its boundary\) or JSON, not audio\/mpeg/);
  });
});
