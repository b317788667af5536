// The digest review step in Slack: Approve posts the draft to the managers, Edit opens a modal and posts the
// edited text (figures not in the data need a second Post), Discard drops it. Each decides a digest once.
import { createHash } from 'node:crypto';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger } from 'pino';
import { checkFigures } from '../numbers/match-figures.ts';
import type { DigestFacts } from '../summaries/digest-facts-schema.ts';
import { getDigest, updateDigest } from '../summaries/digest-store.ts';
import { figuresOfSummary } from '../summaries/figures-of-summary.ts';
import { updateSummaryMessage } from '../summaries/post-digest.ts';
import { publishReviewedDigest, type DigestDeps } from '../summaries/run-digest.ts';
import {
  DIGEST_REVIEW_IDS as IDS,
  digestEditView,
  editedText,
  renderEditedDigest,
  reviewedMessage,
  type EditViewState,
} from '../blocks/render-digest-review.ts';
import { digestTitle } from '../blocks/render-digest.ts';
import { resolveLocale } from '../i18n/locales.ts';
import { databaseUnavailableText, isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { postResponseUrl } from './post-response-url.ts';

/** What the review handlers need: how digests run, who may decide, and the log. */
export interface DigestReviewDeps {
  digest: DigestDeps;
  /** null when `userId` may post digests, else the refusal to show them. */
  mayPost: (userId: string, target: string) => Promise<string | null>;
  logger: Logger;
}

type EditState = EditViewState & { channelId?: string; ts?: string };

/** Registers the Approve / Edit / Discard buttons and the Edit modal's submission. */
export function registerDigestReview(app: App, deps: DigestReviewDeps): void {
  const { pool } = deps.digest;
  const log = deps.logger.child({ component: 'digest-review' });

  app.action<BlockAction<ButtonAction>>(
    /^digest_review_(approve|edit|discard)$/,
    async ({ ack, body, action, client }) => {
      await ack();
      const id = Number(action.value);
      const userId = body.user.id;
      const say = (text: string) =>
        body.response_url
          ? postResponseUrl(body.response_url, { response_type: 'ephemeral', replace_original: false, text }).catch(
              () => {},
            )
          : Promise.resolve();
      const here =
        body.channel?.id && body.message?.ts ? { channelId: body.channel.id, ts: body.message.ts } : undefined;
      const original = { text: String(body.message?.text ?? ''), blocks: (body.message?.blocks ?? []) as KnownBlock[] };
      try {
        const refusal = await deps.mayPost(userId, `digest:${id}`);
        if (refusal) return await say(refusal);
        const stored = await getDigest(pool, id);
        if (!stored || stored.status !== 'in_review')
          return await say(
            `Digest #${id} was ${stored ? stored.status.replace('_', ' ') : 'not found'} already; nothing to do.`,
          );
        if (action.action_id === IDS.edit) {
          const state: EditState = { digestId: id, ...here };
          await client.views.open({ trigger_id: body.trigger_id, view: digestEditView(stored.text, state) as never });
          return;
        }
        if (action.action_id === IDS.discard) {
          const done = await updateDigest(pool, id, { status: 'discarded', reviewedBy: userId }, ['in_review']);
          if (done && here) await updateSummaryMessage(client, here, reviewedMessage(original, 'discarded', userId));
          return;
        }
        const posted = await publishReviewedDigest(
          deps.digest,
          id,
          { text: stored.text, blocks: (stored.blocks ?? []) as KnownBlock[] },
          { userId, edited: false },
        );
        if (!posted) return await say(`Digest #${id} was decided already; nothing to do.`);
        if (here)
          await updateSummaryMessage(
            client,
            here,
            reviewedMessage(original, 'approved', userId, `<#${posted.channelId}>`),
          );
      } catch (err) {
        log.error({ err, digest: id, action: action.action_id, user: userId }, 'digest review action failed');
        await say(
          isDatabaseUnavailable(err)
            ? databaseUnavailableText()
            : 'That did not work; it is logged. Try again, or run `/digest` to post a fresh one.',
        );
      }
    },
  );

  app.view(IDS.editView, async ({ ack, view, body, client }) => {
    const state = JSON.parse(view.private_metadata) as EditState;
    const text = editedText(view.state.values as never);
    if (!text)
      return void (await ack({
        response_action: 'errors',
        errors: { part_0: 'The digest needs some text; use Discard to drop it.' },
      }));
    let stored: Awaited<ReturnType<typeof getDigest>>;
    try {
      stored = await getDigest(pool, state.digestId);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      log.warn({ err, digest: state.digestId }, 'digest edit submitted while the database is not answering');
      // The modal stays open with the text as typed: Post again once the database answers.
      return void (await ack({ response_action: 'errors', errors: { part_0: databaseUnavailableText() } }));
    }
    if (!stored || stored.status !== 'in_review')
      return void (await ack({
        response_action: 'errors',
        errors: { part_0: `This digest was ${stored?.status ?? 'removed'} already.` },
      }));
    const facts = stored.facts as DigestFacts;
    // An edit is read in the digest's own language ("2,6%" is 2.6 percent in Indonesian).
    const language = resolveLocale(stored.language);
    const unmatched = checkFigures(text, figuresOfSummary(facts, facts.timezone), language).unmatched.map(
      (u) => u.figure.text,
    );
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    // A human may post figures vigil cannot prove, but only after seeing which ones and pressing Post again.
    if (unmatched.length > 0 && state.warnedHash !== hash) {
      return void (await ack({
        response_action: 'update',
        view: digestEditView(text, { ...state, warnedHash: hash }, unmatched) as never,
      }));
    }
    await ack();
    const userId = body.user.id;
    try {
      const message = renderEditedDigest(
        digestTitle(facts, deps.digest.config.workspace.workspace.name, language),
        text,
        userId,
        unmatched,
      );
      const posted = await publishReviewedDigest(deps.digest, state.digestId, message, { userId, edited: true });
      if (posted && state.channelId && state.ts) {
        const history = { text: stored.text, blocks: (stored.blocks ?? []) as KnownBlock[] };
        await updateSummaryMessage(
          client,
          { channelId: state.channelId, ts: state.ts },
          reviewedMessage(history, 'edited', userId, `<#${posted.channelId}>`),
        );
      }
    } catch (err) {
      log.error({ err, digest: state.digestId, user: userId }, 'posting an edited digest failed');
      // The modal is closed by now: the edited text goes back to its author, so nothing typed is lost.
      const why = isDatabaseUnavailable(err) ? databaseUnavailableText() : 'Posting it failed; it is logged.';
      await client.chat
        .postMessage({
          channel: userId,
          text: `Your edit of digest #${state.digestId} was not posted. ${why} Your text:\n\n${text}`,
        })
        .catch((dmErr: unknown) => log.warn({ err: dmErr, user: userId }, 'could not send the edit back'));
    }
  });
}
