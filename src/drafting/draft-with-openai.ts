// The OpenAI adapter of the summaries: asks a chat completions model (OpenAI or any server behind
// OPENAI_BASE_URL) for a SummaryDraft as structured output, and turns every way that can fail (timeout,
// refusal, malformed or invalid JSON, 429, 5xx, ...) into a reason to fall back to the template.
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { summaryDraftSchema, type SummaryDraft } from './draft-schema.ts';
import type { PromptMessage } from './prompt-summary.ts';

/** Token usage as the API reported it. */
export interface DraftUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A draft, or why there is none. */
export type OpenAIDraft =
  | { ok: true; draft: SummaryDraft; model: string; usage?: DraftUsage }
  | { ok: false; reason: string; usage?: DraftUsage };

/** Where and how to reach the model (config.openai plus a timeout). */
export interface OpenAIClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Per attempt; default 20 s. */
  timeoutMs?: number;
  /** Retries of 429, 5xx and connection errors; default 1 (a digest is not worth a long wait). */
  maxRetries?: number;
}

/** Default time one drafting request may take. */
export const DRAFT_TIMEOUT_MS = 20_000;

/** An OpenAI client for drafting. */
export function createOpenAIClient(o: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: o.apiKey,
    baseURL: o.baseUrl,
    timeout: o.timeoutMs ?? DRAFT_TIMEOUT_MS,
    maxRetries: o.maxRetries ?? 1,
  });
}

/** Why a request failed, in a few words for WrittenSummary.fallbackReason. */
export function describeDraftError(err: unknown): string {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return 'timeout: the model did not answer in time';
  if (err instanceof OpenAI.APIConnectionError) return `connection failed: ${err.message}`;
  if (err instanceof OpenAI.RateLimitError) return 'rate limited (429)';
  if (err instanceof OpenAI.APIError && (err.status ?? 0) >= 500) return `server error (${err.status})`;
  if (err instanceof OpenAI.APIError) return `API error (${err.status ?? 'no status'}): ${err.message}`;
  const name = err instanceof Error ? err.constructor.name : '';
  if (name === 'LengthFinishReasonError') return 'malformed output: the draft was cut off at the token limit';
  if (name === 'ContentFilterFinishReasonError') return 'refusal: the content filter stopped the draft';
  if (err instanceof SyntaxError) return 'malformed output: not JSON';
  if (err instanceof Error && (err.name === 'ZodError' || name === '$ZodError'))
    return 'malformed output: JSON that does not match the draft schema';
  return `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
}

/** Asks `model` for a draft from `messages`; never throws. */
export async function draftWithOpenAI(
  client: OpenAI,
  model: string,
  messages: PromptMessage[],
  timeoutMs?: number,
): Promise<OpenAIDraft> {
  try {
    const completion = await client.chat.completions.parse(
      { model, messages, response_format: zodResponseFormat(summaryDraftSchema, 'summary_draft') },
      timeoutMs === undefined ? undefined : { timeout: timeoutMs },
    );
    const usage = completion.usage
      ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
      : undefined;
    const message = completion.choices[0]?.message;
    if (message?.refusal) return { ok: false, reason: `refusal: ${message.refusal}`, usage };
    if (!message?.parsed) return { ok: false, reason: 'malformed output: no draft in the answer', usage };
    return { ok: true, draft: message.parsed, model: completion.model || model, usage };
  } catch (err) {
    return { ok: false, reason: describeDraftError(err) };
  }
}
