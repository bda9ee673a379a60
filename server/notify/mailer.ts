import nodemailer from 'nodemailer';
import type { RenderedMessage } from '../../shared/emailTemplates';

export interface Mailer {
  send(to: string, message: RenderedMessage): Promise<void>;
  close(): void;
}

/**
 * nodemailer over SMTP_URL (smtp:// or smtps://, credentials in the URL). Without SMTP_URL there
 * is no mailer and messages stay in the outbox, where the admin reads them.
 */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, message) {
      await transport.sendMail({ from, to, subject: message.subject, text: message.text, html: message.html });
    },
    close: () => transport.close(),
  };
}
