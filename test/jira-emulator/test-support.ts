// Helpers for the emulator's own tests: a started emulator whose every response is checked against
// the spec, and a small raw HTTP client (jira.js is exercised separately in jira-js.test.ts).
import type { RunningEmulator } from './index';
import { startEmulator } from './index';
import type { Seed } from './model';
import { specRecorder } from './spec-check';

export const SYNC_BOT = '712020:0c5d2f1e-8b1a-4e0f-9a55-5b0751c0b001';
export const USERS = {
  priya: '712020:6a1f3c9e-2d4b-4f7a-8c11-3e5a7b9c0d02',
  marcus: '712020:9b2e4d6f-3c5a-4e8b-9d22-4f6b8c0d1e03',
  sofia: '712020:1c3f5e7a-4d6b-4f9c-8e33-5a7c9d1e2f04',
  jonas: '712020:2d4a6f8b-5e7c-4a0d-9f44-6b8d0e2f3a05',
  aisha: '712020:3e5b7a9c-6f8d-4b1e-8a55-7c9e1f3a4b06',
  tom: '712020:4f6c8b0d-7a9e-4c2f-9b66-8d0f2a4b5c07',
  lena: '712020:5a7d9c1e-8b0f-4d3a-8c77-9e1a3b5c6d08',
  ravi: '712020:6b8e0d2f-9c1a-4e4b-9d88-0f2b4c6d7e09',
};
export const TOKENS: Record<string, string> = {
  support: 'demo-support-token',
  engineering: 'demo-engineering-token',
};

export function adf(text: string) {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text for non-JSON bodies, undefined when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestEmulator {
  emulator: RunningEmulator;
  problems: string[];
  checked: () => number;
  /** A request to a site as the sync bot (or with `auth` credentials). */
  api(
    site: string,
    method: string,
    path: string,
    body?: unknown,
    auth?: { email: string; token: string },
  ): Promise<ApiResponse>;
  control(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

async function send(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<ApiResponse> {
  const response = await fetch(url, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body:
      body === undefined
        ? undefined
        : typeof body === 'string' && headers['X-Raw']
          ? body
          : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text === '' ? undefined : text;
  if (response.headers.get('content-type')?.includes('application/json') && text !== '')
    parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed };
}

export async function startTestEmulator(seed?: Seed | string): Promise<TestEmulator> {
  const recorder = specRecorder();
  const emulator = await startEmulator({ seed, onResponse: recorder.onResponse });
  return {
    emulator,
    problems: recorder.problems,
    checked: recorder.checked,
    api: (site, method, path, body, auth) => {
      const email = auth?.email ?? 'sync-bot@example.com';
      const token = auth?.token ?? TOKENS[site] ?? '';
      const basic = Buffer.from(`${email}:${token}`).toString('base64');
      return send(`${emulator.siteUrl(site)}${path}`, method, body, { Authorization: `Basic ${basic}` });
    },
    control: (method, path, body) => send(`${emulator.url}${path}`, method, body, {}),
  };
}
