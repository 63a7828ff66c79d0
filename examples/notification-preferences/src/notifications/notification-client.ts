import { request as httpRequest } from 'node:http';

// The notification service predates this codebase: it takes one message per call, answers 202 when it
// has queued the message, and reports a refused channel as 409 with { reason }.

export type Channel = 'email' | 'push';

export interface NotificationMessage {
  userId: number;
  channel: Channel;
  /** The service's category key, such as "security" or "product-updates". */
  category: string;
  subject: string;
  body: string;
}

export type SendCallback = (error: Error | null, result?: { queued: boolean; reason?: string }) => void;

/** The client of the legacy notification service; callback-style, as the service's other callers are. */
export class NotificationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5000,
  ) {}

  send(message: NotificationMessage, callback: SendCallback): void {
    const url = new URL('/v1/messages', this.baseUrl);
    const payload = JSON.stringify({
      user_id: message.userId,
      channel: message.channel,
      category: message.category,
      subject: message.subject,
      body: message.body,
    });
    const outgoing = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: this.timeoutMs,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          if (status === 202) return callback(null, { queued: true });
          if (status === 409) {
            const reason = parseReason(Buffer.concat(chunks).toString('utf8'));
            return callback(null, { queued: false, reason });
          }
          callback(new Error(`notification service answered ${status}`));
        });
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`notification service timed out after ${this.timeoutMs} ms`)),
    );
    outgoing.on('error', (error) => callback(error));
    outgoing.end(payload);
  }
}

function parseReason(text: string): string {
  try {
    const parsed = JSON.parse(text) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? parsed.reason : 'refused';
  } catch {
    return 'refused';
  }
}
