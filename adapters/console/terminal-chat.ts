import readline from 'node:readline';
import { DEFAULT_CHARTS_DIR, saveReplyImages } from '../../src/charts/save-images.js';
import type { Dispatcher } from '../../src/app/dispatcher.js';
import type { Envelope } from '../../src/app/envelope.js';
import { actionsOf, type ActionRef, type Reply } from '../../src/reply/reply.js';
import { renderPlainText } from '../../src/reply/render-plain-text.js';

export interface TerminalChatOptions {
  dispatcher: Dispatcher;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The terminal user's name: their platform identity on the 'console' platform. */
  userName: string;
  /** Interactive prompt and banner (a TTY); otherwise one reply per input line, then a blank line. */
  interactive: boolean;
  banner?: string;
  /** Where chart PNGs are saved (the terminal cannot show them): RAPPORT_CHARTS_DIR or ./.rapport/charts. */
  chartsDir?: string;
  /**
   * Called once the chat is listening with a function that prints a message from the bot
   * (a reminder, a digest) as if it spoke first; its buttons become the numbered ones.
   */
  onReady?: (speak: (reply: Reply) => Promise<void>) => void;
}

/**
 * The terminal as a chat platform: each line is a message; a bare number picks the matching
 * numbered button of the last reply (disambiguation, Undo, Confirm), as a click would.
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { output, interactive } = options;
  const rl = readline.createInterface({ input: options.input, output: interactive ? output : undefined, terminal: interactive });
  let lastActions: ActionRef[] = [];
  let sequence = 0;
  const write = (s: string) => output.write(s);
  const chartsDir = options.chartsDir ?? process.env.RAPPORT_CHARTS_DIR ?? DEFAULT_CHARTS_DIR;

  if (interactive && options.banner) write(`${options.banner}\n\n`);
  const prompt = () => interactive && rl.prompt();
  rl.setPrompt('you › ');
  options.onReady?.(async (reply) => {
    const saved = await saveReplyImages(reply, chartsDir);
    lastActions = actionsOf(reply).map((a) => a.ref);
    write(`${interactive ? '\r\x1b[K' : ''}${renderPlainText(saved.reply, { numberActions: true })}\n\n`);
    prompt();
  });
  prompt();

  for await (const rawLine of rl) {
    const line = rawLine.trim();
    if (!line) {
      prompt();
      continue;
    }
    if (interactive && /^(quit|exit|bye|\/quit|\/exit)$/i.test(line)) break;
    const picked = /^\d{1,3}$/.test(line) ? lastActions[Number(line) - 1] : undefined;
    const envelope: Envelope = {
      platform: 'console',
      workspaceId: 'local',
      userId: options.userName.toLowerCase(),
      userName: options.userName,
      channelId: 'terminal',
      isDirect: true,
      eventId: `console-${process.pid}-${Date.now()}-${++sequence}`,
      input: picked ? { kind: 'action', ref: picked } : { kind: 'message', text: line },
    };
    const reply: Reply | null = await options.dispatcher.dispatch(envelope);
    if (reply) {
      lastActions = actionsOf(reply).map((a) => a.ref);
      // A terminal cannot show a picture: each chart goes to a file and the reply prints its path.
      const saved = await saveReplyImages(reply, chartsDir);
      for (const error of saved.errors) write(`! ${error}\n`);
      write(`${renderPlainText(saved.reply, { numberActions: true })}\n\n`);
    } else if (!interactive) {
      write('\n');
    }
    prompt();
  }
  rl.close();
}
