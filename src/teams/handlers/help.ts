/**
 * What the bot says about itself, per place: people in their 1:1 chat ask about apps and follow
 * their requests; admins in the approvals channel set it up, read the audit and post the digest.
 * Plus the welcome on install in each place, and the answer to "what minimum SharePoint permission
 * does the connector need?" (a question about SharePoint itself, not about consent).
 */
export type Place = 'personal' | 'channel';

export const PERSONAL_HELP = [
  '**Consent Doctor** helps when Microsoft Entra ID shows **"Need admin approval"** as you sign in to an app.',
  '',
  'Tell me which app asks, for example *"the SharePoint connector asks for admin approval"*, or paste the link the sign-in page opened, or the error text. I will:',
  '1. check your account and the app in Microsoft Entra ID and explain, in plain words, why approval is needed;',
  "2. send the exact fix to your administrators' channel, where one click applies it;",
  '3. let you know here as soon as it is fixed.',
  '',
  'Also: **status** (your requests and where they stand), **cancel** (withdraw your request while it waits), **help** (this message).',
  'Ask *"what minimum SharePoint permission does the connector need?"* to learn what access on the SharePoint site itself is enough.',
].join('\n');

export const CHANNEL_HELP = [
  "**Consent Doctor** in the admins' channel. Mention me, then:",
  '- **use this channel for approvals**: approval requests are posted here as cards (you need a role that can grant consent in Entra);',
  '- **audit** *request id*: who did what on a request, with the Graph request ids (the id is under "Technical details" on its card);',
  '- **digest**: post the list of pending requests now (it is also posted on a schedule).',
  '',
  'On a card: **Approve for everyone**, **Approve for** *the person* **only**, or **Deny** with a reason they will see. Entra decides who may approve: your roles are checked on every click.',
].join('\n');

export function helpFor(place: Place): string {
  return place === 'channel' ? CHANNEL_HELP : PERSONAL_HELP;
}

export const PERSONAL_WELCOME = [
  'Hi, I\'m **Consent Doctor**. When an app says **"Need admin approval"** as you sign in, tell me which app it is',
  '(for example *"the SharePoint connector asks for admin approval"*). I will find out why and ask your admins for the exact fix.',
  'Type **help** for everything I can do.',
].join(' ');

export const CHANNEL_WELCOME = [
  'Hi, I\'m **Consent Doctor**. I diagnose "Need admin approval" prompts for people and bring the fix to admins as one-click approval cards.',
  'To receive them in a channel, an admin who can grant consent in Entra mentions me there with **use this channel for approvals**.',
  'Mention me with **help** to see the admin commands.',
].join(' ');

export function welcomeFor(place: Place): string {
  return place === 'channel' ? CHANNEL_WELCOME : PERSONAL_WELCOME;
}

/** "what minimum SharePoint permission does the connector need", and close variants. Pure. */
export function isSharePointPermissionQuestion(normalized: string): boolean {
  return (
    /sharepoint/.test(normalized) &&
    /\b(minimum|minimal|least|lowest|which|what)\b/.test(normalized) &&
    /\b(permission|permissions|access|rights|role|level)\b/.test(normalized) &&
    !/admin approval|need approval|asks? for (admin )?approval/.test(normalized)
  );
}

export const SHAREPOINT_PERMISSION_SOURCES = [
  'https://learn.microsoft.com/entra/identity-platform/permissions-consent-overview',
  'https://learn.microsoft.com/sharepoint/understanding-permission-levels',
  'https://support.microsoft.com/office/customize-permissions-for-a-sharepoint-list-or-library-02d770f3-59eb-4910-a608-5f84cc297782',
] as const;

export const SHAREPOINT_PERMISSION_ANSWER = [
  '**What access does a SharePoint connector need on the site?**',
  '',
  '- The connector works with *delegated* permissions: it acts as you, so it can never do more on a SharePoint site than **you** can. Consent lets the app act for you; your own SharePoint rights still decide what it reaches.',
  "- To read files, you need at least the site's **Read** permission level, which is what the site's **Visitors** group has. Edit (Members) is needed only to change files.",
  '- To give access to one document library or one folder only, a site owner opens its permissions, chooses **Stop inheriting permissions**, then **Grant permissions** with the **Read** level to you (or a group).',
  '',
  'Sources (Microsoft):',
  ...SHAREPOINT_PERMISSION_SOURCES.map((url, i) => `${i + 1}. ${url}`),
].join('\n');
