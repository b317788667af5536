// How vigil writes a summary: writeSummary with the configured OpenAI settings (the template without a
// key), in the language asked for; a test passes its own writer instead.
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { Locale } from '../i18n/locales.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';
import type { SummaryFacts } from './digest-facts-schema.ts';
import { writeSummary } from './write-summary.ts';

/** Writes a summary from facts in a language (default en): writeSummary with the configured OpenAI settings, or a test double. */
export type SummaryWriter = (facts: SummaryFacts, opts?: { language?: Locale }) => Promise<WrittenSummary>;

/** The writer vigil uses: writeSummary with OPENAI_API_KEY / OPENAI_BASE_URL / VIGIL_LLM_MODEL, the template without a key. */
export function summaryWriterOf(config: Config, logger: Logger): SummaryWriter {
  const openai = config.openai.apiKey
    ? {
        apiKey: config.openai.apiKey,
        model: config.openai.model,
        timeoutMs: config.openai.timeoutMs,
        ...(config.openai.baseUrl ? { baseUrl: config.openai.baseUrl } : {}),
      }
    : undefined;
  const log = logger.child({ component: 'summaries' });
  return (facts, opts) =>
    writeSummary(facts, {
      ...(openai ? { openai } : {}),
      timezone: config.timezone,
      logger: log,
      ...(opts?.language ? { language: opts.language } : {}),
    });
}
