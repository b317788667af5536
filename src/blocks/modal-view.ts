// A modal view's frame (title, submit, close, metadata) around its blocks, for views.open. Pure.

// A modal's title and its buttons' texts are at most 24 characters (docs.slack.dev/reference/views).
const MODAL_TEXT_MAX = 24;

/** A modal with `callbackId`, a Cancel button and, when given, a submit button and private_metadata. */
export function modalView(spec: {
  callbackId: string;
  title: string;
  submit: string;
  blocks: unknown[];
  metadata?: string;
}): Record<string, unknown> {
  const text = (t: string) => ({ type: 'plain_text', text: t.slice(0, MODAL_TEXT_MAX) });
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    ...(spec.metadata !== undefined ? { private_metadata: spec.metadata } : {}),
    title: text(spec.title),
    submit: text(spec.submit),
    close: text('Cancel'),
    blocks: spec.blocks,
  };
}
