import type { RespondFn, webApi } from '@slack/bolt';
import type { Logger } from '../../src/app/logger.js';
import type { Reply } from '../../src/reply/reply.js';
import { renderBlockKit, type BlockKitMessage } from './render-block-kit.js';

type WebClient = webApi.WebClient;

/** Where a reply goes: the interaction's response_url, or a channel (and thread) through the Web API. */
export type Destination =
  /** `channel`: where a public reply's charts are uploaded (a response_url carries no files). */
  | { kind: 'response_url'; respond: RespondFn; replaceOriginal?: boolean; channel?: string }
  | { kind: 'channel'; channel: string; threadTs?: string; user: string };

export interface Sender {
  /** True when Slack accepted the reply; false after the failure was logged (the caller may try elsewhere). */
  send(reply: Reply, to: Destination, context: Record<string, unknown>): Promise<boolean>;
}

/**
 * The one place replies leave for Slack. Failures are logged with the surface, channel and
 * Slack's error code, never swallowed; 429s are retried by the WebClient's retry policy
 * (Retry-After honoured) before they ever reach here.
 */
export function createSender(client: WebClient, logger: Logger): Sender {
  async function send(reply: Reply, to: Destination, context: Record<string, unknown>): Promise<boolean> {
    const message = renderBlockKit(reply);
    const log = logger.child({ slack: { ...context, to: to.kind, channel: to.kind === 'channel' ? to.channel : undefined } });
    for (const warning of message.warnings) log.warn(warning);
    try {
      if (to.kind === 'response_url') await viaResponseUrl(to, reply, message);
      else await viaWebApi(client, to, reply, message);
    } catch (error) {
      log.error({ err: error, slackError: slackErrorCode(error) }, 'could not deliver the reply to Slack');
      return false;
    }
    try {
      // Files are visible to the whole channel, so a private reply's chart is not uploaded there.
      const channel = to.channel;
      if (message.images.length && channel && !reply.private) {
        await uploadImages(client, { channel, threadTs: to.kind === 'channel' ? to.threadTs : undefined }, message.images);
      }
    } catch (error) {
      // The reply itself arrived; only the chart is missing.
      log.error({ err: error, slackError: slackErrorCode(error) }, 'could not upload the chart to Slack');
    }
    return true;
  }
  return { send };
}

async function viaResponseUrl(to: Extract<Destination, { kind: 'response_url' }>, reply: Reply, message: BlockKitMessage): Promise<void> {
  const body = { blocks: message.blocks, text: message.text };
  if (to.replaceOriginal) {
    await to.respond({ ...body, replace_original: true });
    return;
  }
  // A public reply to a command is posted in the channel for all to see; a private one only to the asker.
  await to.respond({ ...body, response_type: reply.private ? 'ephemeral' : 'in_channel', replace_original: false });
}

async function viaWebApi(client: WebClient, to: Extract<Destination, { kind: 'channel' }>, reply: Reply, message: BlockKitMessage): Promise<void> {
  const base = { channel: to.channel, blocks: message.blocks, text: message.text, ...(to.threadTs ? { thread_ts: to.threadTs } : {}) };
  if (reply.private) {
    await client.chat.postEphemeral({ ...base, user: to.user });
    return;
  }
  // unfurl off: a customer's website in a note should not expand into a preview card in the channel.
  await client.chat.postMessage({ ...base, unfurl_links: false, unfurl_media: false });
}

/**
 * Uploads a reply's charts after its message, each as soon as it is drawn (a chart that could
 * not be drawn is skipped: the figures are in the message).
 */
export async function uploadImages(client: WebClient, to: { channel: string; threadTs?: string | undefined }, images: BlockKitMessage['images']): Promise<void> {
  for (const [i, image] of images.entries()) {
    const png = await image.png;
    if (!png) continue;
    const file = { file: Buffer.from(png), filename: `chart-${i + 1}.png`, title: image.title };
    await client.files.uploadV2(to.threadTs ? { ...file, channel_id: to.channel, thread_ts: to.threadTs } : { ...file, channel_id: to.channel });
  }
}

export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: string } } | null)?.data;
  return data?.error ?? (error as { code?: string } | null)?.code;
}
