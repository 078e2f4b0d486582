/**
 * Apps we know by name. Entries match the tenant's service principals by display name and never
 * carry an app id: vendors such as Qlik do not publish theirs (docs/entra-semantics.md#vendor-apps-qlik), and a guessed id
 * would send an admin's consent to the wrong app. Nor do they carry scopes: the catalog helps find the
 * app by name and adds a note, and is never a source of what the app asks for.
 */

export interface CatalogEntry {
  key: string;
  displayNamePattern: RegExp;
  vendor: string;
  friendlyName: string;
  /** Normalised words (see name-match.ts) that point at this app. */
  keywords: string[];
  notes: string;
}

/** Family keywords shared by every Qlik Web Connectors app. */
const QLIK_FAMILY = ['qlik', 'connector'];

const SCOPES_NOT_PUBLISHED =
  'Qlik does not publish the app id or the scopes of this connector: the bot reads them from a pasted consent URL, ' +
  'the Entra consent request or an existing grant.';

export const CATALOG: readonly CatalogEntry[] = [
  {
    key: 'qlik-web-connectors-sharepoint',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*office\s*365\s+sharepoint\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Office 365 SharePoint)',
    keywords: [...QLIK_FAMILY, 'sharepoint'],
    notes:
      `${SCOPES_NOT_PUBLISHED} Qlik's list for its Application Automation SharePoint connector is another product's ` +
      "and no evidence for this app. Delegated access is still capped by the user's own SharePoint rights (at least site Read).",
  },
  {
    key: 'qlik-web-connectors-onedrive',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*onedrive\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (OneDrive)',
    keywords: [...QLIK_FAMILY, 'onedrive'],
    notes: SCOPES_NOT_PUBLISHED,
  },
  {
    key: 'qlik-web-connectors-outlook',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*outlook\s*365\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Outlook 365)',
    keywords: [...QLIK_FAMILY, 'outlook'],
    notes: SCOPES_NOT_PUBLISHED,
  },
  {
    key: 'qlik-web-connectors-dynamics',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*dynamics\s*(?:365\s*)?crm\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Dynamics 365 CRM)',
    keywords: [...QLIK_FAMILY, 'dynamics'],
    notes: SCOPES_NOT_PUBLISHED,
  },
  {
    key: 'qlik-web-connectors-azure-storage',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*azure\s+storage\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Azure Storage)',
    keywords: [...QLIK_FAMILY, 'storage'],
    notes: SCOPES_NOT_PUBLISHED,
  },
];
