import type { ChannelRef } from '../notifier.js';
import type { Automation } from './automation.table.js';

/** Where an automation posts. */
export const channelOf = (a: Pick<Automation, 'platform' | 'workspace_id' | 'channel_id'>): ChannelRef => ({
  platform: a.platform,
  workspaceId: a.workspace_id,
  channelId: a.channel_id ?? '',
});
