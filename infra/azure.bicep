// Azure resources for Consent Doctor (used by teamsapp.yml's arm/deploy, or directly with
// `az deployment group create -g <rg> -f infra/azure.bicep -p @infra/azure.parameters.json ...`).
//   - Storage account: Table Storage (requests, audit, conversation references) and Blob (turn state)
//   - App Service plan + Web App: Linux, Node 20, HTTPS only
//   - Azure Bot: SingleTenant, Microsoft Teams channel, pointing at the Web App
// App settings match src/config.ts; production mode refuses to start without them.

@minLength(4)
@maxLength(20)
@description('Prefix for resource names; lowercase letters and digits keep the storage account name valid.')
param resourceBaseName string

@description('The bot\'s Entra app (client) id: BOT_ID.')
param botAadAppClientId string

@secure()
@description('The bot\'s client secret: BOT_PASSWORD. Also used for Microsoft Graph unless graphClientSecret is set.')
param botAadAppClientSecret string

@description('The home tenant id: BOT_TENANT_ID. Activities from other tenants are refused.')
param botTenantId string = tenant().tenantId

@secure()
@minLength(32)
@description('CARD_MAC_KEY: random secret (32+ characters) that signs card data; the same on every replica.')
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

@maxLength(42)
param botDisplayName string = 'Consent Doctor'

param location string = resourceGroup().location

var serverfarmsName = '${resourceBaseName}-plan'
var webAppName = '${resourceBaseName}-bot'
var storageName = take('${toLower(replace(resourceBaseName, '-', ''))}${uniqueString(resourceGroup().id)}', 24)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: true // the bot connects with STORAGE_CONNECTION_STRING
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

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

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
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      alwaysOn: true // the digest scheduler runs in-process
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      // Not `npm start`: that wrapper trusts the local simulator's CA, which production never needs.
      appCommandLine: 'node dist/src/index.js'
      appSettings: [
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'NODE_ENV', value: 'production' }
        { name: 'CONSENT_DOCTOR_MODE', value: 'production' }
        // The package is read-only; anything the bot writes goes here.
        { name: 'DATA_DIR', value: '/home/consent-doctor' }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
        { name: 'BOT_TENANT_ID', value: botTenantId }
        { name: 'GRAPH_CLIENT_ID', value: botAadAppClientId }
        { name: 'GRAPH_AUTHORITY_URL', value: 'https://login.microsoftonline.com' }
        { name: 'GRAPH_BASE_URL', value: 'https://graph.microsoft.com' }
        { name: 'STORAGE_CONNECTION_STRING', value: storageConnectionString }
        { name: 'CARD_MAC_KEY', value: cardMacKey }
        { name: 'APPROVER_GROUP_ID', value: approverGroupId }
        { name: 'ADMIN_CHANNEL_ID', value: adminChannelId }
        { name: 'DIGEST_CRON', value: digestCron }
        { name: 'DIGEST_TIMEZONE', value: digestTimezone }
        { name: 'LOG_LEVEL', value: 'info' }
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

// Teams Toolkit writes outputs to env/.env.<env> in upper case (BOT_DOMAIN fills the manifest).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output STORAGE_ACCOUNT_NAME string = storage.name
