// `vigil local url`: the running bot's local workspace address with its access token, for a browser.
import { loadConfig } from '../config/load-config.ts';
import { VigilError } from '../errors.ts';
import { readLocalToken } from '../local/local-token.ts';
import { botUrl, fetchLocalBot, noAnswerReason } from './reach-local-bot.ts';

const TIMEOUT_MS = 5_000;

/** The page address of the bot running with this configuration; refuses when none runs or it holds another token. */
export async function runLocalUrl(env: NodeJS.ProcessEnv): Promise<string[]> {
  const config = loadConfig(env);
  if (config.slack.mode !== 'local') {
    throw new VigilError(
      'vigil_local_off',
      `This configuration runs no local workspace (${config.slack.localOff ?? (config.slack.mode === 'off' ? 'VIGIL_LOCAL_WORKSPACE=off' : 'Slack credentials are set')}).`,
      'The local workspace runs when no Slack credentials are set and HOST is loopback (or VIGIL_LOCAL_WORKSPACE=on).',
    );
  }
  const base = botUrl(config.host, config.port);
  const token = readLocalToken(config.dataDir);
  const start =
    'Run `npm start` (or `vigil start`) without Slack credentials first, with the same HOST, PORT and VIGIL_DATA_DIR as here, then run this again.';
  if (!token)
    throw new VigilError(
      'vigil_local_no_bot',
      `No local workspace has started with the data directory ${config.dataDir}.`,
      start,
    );
  let res: Response;
  try {
    res = await fetchLocalBot(config, '/local/page/state', { timeoutMs: TIMEOUT_MS });
  } catch (err) {
    throw new VigilError(
      'vigil_local_no_bot',
      `No vigil is answering at ${base} (${noAnswerReason(err, TIMEOUT_MS)}).`,
      start,
      { cause: err },
    );
  }
  // 503: up and still migrating; the address is already right.
  if (res.status === 200 || res.status === 503) return [`${base}/?token=${token}`];
  if (res.status === 401) {
    throw new VigilError(
      'vigil_local_token_mismatch',
      `The vigil at ${base} holds another access token than ${config.dataDir}.`,
      'Run this with the VIGIL_DATA_DIR of the running bot.',
    );
  }
  throw new VigilError(
    'vigil_local_no_bot',
    `The server at ${base} serves no local workspace (HTTP ${res.status}).`,
    start,
  );
}
