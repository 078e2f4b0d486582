// Azure resources for Consent Doctor (used by m365agents.yml's arm/deploy, or directly with
// `az deployment group create -g <rg> -f infra/azure.bicep -p ...`, see docs/deploy.md).
//   - Storage account: Table Storage (requests, audit, conversation references) and Blob (turn state)
//   - Key Vault (RBAC): the bot's client secret, the card MAC key and the storage connection string
//   - User-assigned managed identity: lets the Web App read those secrets (Key Vault references),
//     so no secret is stored as a plain app setting
//   - App Service plan + Web App: Linux, Node 22 LTS (24 where the region offers it), HTTPS only
//   - Azure Bot: SingleTenant, Microsoft Teams channel, pointing at the Web App
// App settings match src/config.ts; production mode refuses to start without them.
//
// Why the bot still has a client secret rather than msaAppType 'UserAssignedMSI': the same identity
// calls Microsoft Graph with application permissions, and the code authenticates with a client
// credential (secret or certificate) for both the Bot Framework and Graph. The secret lives only in
// Key Vault; docs/deploy.md says what moving to a managed identity would take.

@minLength(4)
@maxLength(20)
@description('Prefix for resource names; lowercase letters and digits keep the storage account and vault names valid.')
param resourceBaseName string

@description('The bot\'s Entra app (client) id: BOT_ID.')
param botAadAppClientId string

@secure()
@description('The bot\'s client secret: BOT_PASSWORD, stored in Key Vault. Also used for Microsoft Graph.')
param botAadAppClientSecret string

@description('The home tenant id: BOT_TENANT_ID. Activities from other tenants are refused.')
param botTenantId string = tenant().tenantId

@secure()
@minLength(32)
@description('CARD_MAC_KEY: random secret (32+ characters) that signs card data; the same on every replica. Stored in Key Vault.')
param cardMacKey string

@description('Optional: Entra group whose members may approve (APPROVER_GROUP_ID), in addition to directory roles.')
param approverGroupId string = ''

@description('Optional: the admins\' channel id (ADMIN_CHANNEL_ID). Usually set from Teams with "use this channel for approvals".')
param adminChannelId string = ''

@description('When the digest is posted (DIGEST_CRON, croner syntax).')
param digestCron string = '0 9 * * 1-5'

@description('Time zone for the digest schedule (DIGEST_TIMEZONE, IANA name).')
param digestTimezone string = 'UTC'

@description('App Service plan SKU. B1 is enough for one tenant; scale out with more instances (ETags keep decisions exactly-once).')
param webAppSku string = 'B1'

@allowed(['22-lts', '24-lts'])
@description('Node.js LTS on App Service Linux. 24-lts only where `az webapp list-runtimes --os-type linux` lists NODE:24-lts.')
param nodeVersion string = '22-lts'

@maxLength(42)
param botDisplayName string = 'Consent Doctor'

param location string = resourceGroup().location

@description('How Approve writes to the directory: delegated (the approving admin\'s own token through the OAuth connection below; the bot app keeps read permissions only) or app (the bot\'s own application permissions: high privilege, see docs/permissions.md).')
@allowed(['delegated', 'app'])
param approvalWrites string = 'delegated'

@description('Name of the Bot Service OAuth connection that signs approvers in (APPROVAL_OAUTH_CONNECTION).')
param approvalOAuthConnection string = 'graph-approvals'

var serverfarmsName = '${resourceBaseName}-plan'
var webAppName = '${resourceBaseName}-bot'
var storageName = take('${toLower(replace(resourceBaseName, '-', ''))}${uniqueString(resourceGroup().id)}', 24)
var keyVaultName = take('${toLower(replace(resourceBaseName, '-', ''))}kv${uniqueString(resourceGroup().id)}', 24)
// Built-in role "Key Vault Secrets User": read secret contents
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-secrets-user).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: true // the bot connects with STORAGE_CONNECTION_STRING (kept in Key Vault)
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled' // App Service reads references over the public endpoint unless it is VNet-integrated
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'bot-password'
  properties: { value: botAadAppClientSecret }
}

resource cardMacKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'card-mac-key'
  properties: { value: cardMacKey }
}

resource storageConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource secretsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: serverfarmsName
  location: location
  kind: 'linux'
  sku: { name: webAppSku }
  properties: { reserved: true }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  dependsOn: [secretsReader]
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|${nodeVersion}'
      alwaysOn: true // the digest scheduler runs in-process
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      // Compiled JavaScript from the deploy package (npm run package:deploy); nothing is built or
      // installed on the site, and `npm start` (the local run) is never used in production. The same
      // command as package.json's start:prod; its V8 heap options keep the peak memory down (docs/performance.md).
      appCommandLine: 'node --max-semi-space-size=2 --heap-growing-percent=20 dist/src/index.js'
      // Secrets are Key Vault references, resolved by App Service with keyVaultReferenceIdentity; the
      // versionless secret URI follows rotations
      // (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references).
      appSettings: [
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'NODE_ENV', value: 'production' }
        { name: 'CONSENT_DOCTOR_MODE', value: 'production' }
        // The package is mounted read-only; anything the bot writes goes under /home (persistent).
        { name: 'CONSENT_DOCTOR_DATA_DIR', value: '/home/consent-doctor' }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'BOT_PASSWORD', value: '@Microsoft.KeyVault(SecretUri=${botPasswordSecret.properties.secretUri})' }
        { name: 'BOT_TENANT_ID', value: botTenantId }
        { name: 'GRAPH_CLIENT_ID', value: botAadAppClientId }
        { name: 'GRAPH_AUTHORITY_URL', value: 'https://login.microsoftonline.com' }
        { name: 'GRAPH_BASE_URL', value: 'https://graph.microsoft.com' }
        { name: 'STORAGE_CONNECTION_STRING', value: '@Microsoft.KeyVault(SecretUri=${storageConnectionSecret.properties.secretUri})' }
        { name: 'CARD_MAC_KEY', value: '@Microsoft.KeyVault(SecretUri=${cardMacKeySecret.properties.secretUri})' }
        { name: 'APPROVER_GROUP_ID', value: approverGroupId }
        { name: 'ADMIN_CHANNEL_ID', value: adminChannelId }
        { name: 'DIGEST_CRON', value: digestCron }
        { name: 'DIGEST_TIMEZONE', value: digestTimezone }
        { name: 'LOG_LEVEL', value: 'info' }
        { name: 'APPROVAL_WRITES', value: approvalWrites }
        { name: 'APPROVAL_OAUTH_CONNECTION', value: approvalOAuthConnection }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' } // Teams is a standard channel: free
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
    disableLocalAuth: false
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Delegated approvals: Azure Bot Service's token service signs the approving admin in with the bot's
// own Entra app (authorization code) and keeps their token; the bot asks it per click. The delegated
// scopes are what one approval writes: grants, user assignments, and the reads those writes need
// (docs/permissions.md). Entra then lets each admin grant only what their own role allows.
resource approvalConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = if (approvalWrites == 'delegated') {
  parent: bot
  name: approvalOAuthConnection
  location: 'global'
  properties: {
    serviceProviderDisplayName: 'Azure Active Directory v2'
    serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'
    clientId: botAadAppClientId
    clientSecret: botAadAppClientSecret
    scopes: 'https://graph.microsoft.com/DelegatedPermissionGrant.ReadWrite.All https://graph.microsoft.com/AppRoleAssignment.ReadWrite.All https://graph.microsoft.com/Application.Read.All'
    parameters: [
      { key: 'tenantID', value: botTenantId }
      { key: 'tokenExchangeUrl', value: '' }
    ]
  }
}

// The Agents Toolkit writes outputs to env/.env.<env> in upper case (BOT_DOMAIN fills the manifest).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output STORAGE_ACCOUNT_NAME string = storage.name
output KEY_VAULT_NAME string = keyVault.name
