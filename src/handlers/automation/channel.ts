import type { HandlerContext } from '../handler.js';

export interface ResolvedChannel {
  workspaceId: string;
  channelId: string;
  /** How replies name it: "#sales", "this channel". */
  label: string;
}

const HERE = /^(?:here|this\s+channel|this\s+chat|this\s+dm|the\s+channel)$/i;

/**
 * A channel as typed: "here" (or nothing) is the channel the message came from; a Slack mention
 * <#C123|sales> or a Discord mention <#123> is that id, and so is a "#sales" the message linked
 * (Slack's markup, flattened for the parser, is kept in ctx.channel.mentions); any other "#sales"
 * is kept by name (Slack posts to names, the Discord notifier looks the name up in the guild). Null when there is no "here"
 * (a command that did not come from a channel).
 */
export function resolveChannel(ctx: HandlerContext, typed: string | undefined): ResolvedChannel | null {
  const here = ctx.channel;
  const value = typed?.trim();
  if (!value || HERE.test(value)) {
    if (!here) return null;
    return { workspaceId: here.workspaceId, channelId: here.channelId, label: here.isDirect ? 'this conversation' : 'this channel' };
  }
  const workspaceId = here?.workspaceId ?? 'local';
  const slack = /^<#([A-Z0-9]+)(?:\|([^>]*))?>$/.exec(value);
  if (slack) return { workspaceId, channelId: slack[1]!, label: slack[2] ? `#${slack[2]}` : `<#${slack[1]}>` };
  const discord = /^<#(\d+)>$/.exec(value);
  if (discord) return { workspaceId, channelId: discord[1]!, label: value };
  const name = value.replace(/^#/, '').toLowerCase();
  // On the terminal every channel is the terminal itself.
  if (ctx.platform === 'console') return { workspaceId, channelId: here?.channelId ?? 'terminal', label: `#${name}` };
  // A linked channel ("#sales" that was <#C123|sales> in Slack's markup) is kept by id: the same
  // key "here" gives, and it survives a rename.
  const linked = here?.mentions?.[name];
  if (linked) return { workspaceId, channelId: linked, label: `#${name}` };
  return { workspaceId, channelId: `#${name}`, label: `#${name}` };
}

export const canManageAutomations = (ctx: HandlerContext): boolean => ctx.actor.role === 'manager' || ctx.actor.role === 'admin';

export const MANAGERS_ONLY = 'Digests and notification rules for a channel are set up by managers and admins. Ask one of them, or try “my pipeline” for your own numbers.';
