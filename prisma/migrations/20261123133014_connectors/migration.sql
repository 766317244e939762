-- CreateEnum
CREATE TYPE "AuthorizationState" AS ENUM ('CONNECTED', 'NEEDS_REAUTHORIZATION', 'ERROR');

-- CreateEnum
CREATE TYPE "OrganizationMode" AS ENUM ('ALL_EXISTING', 'ALL_EXISTING_AND_FUTURE', 'SELECTED');

-- CreateEnum
CREATE TYPE "ScanScopeMode" AS ENUM ('EXCLUSION', 'INCLUSION');

-- AlterTable
ALTER TABLE "Connector" ADD COLUMN     "authError" TEXT,
ADD COLUMN     "authState" "AuthorizationState" NOT NULL DEFAULT 'CONNECTED',
ADD COLUMN     "authorizationId" UUID,
ADD COLUMN     "autodiscovery" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "createdById" UUID,
ADD COLUMN     "host" TEXT NOT NULL DEFAULT 'cloud',
ADD COLUMN     "lastDiscoveryAt" TIMESTAMP(3),
ADD COLUMN     "organizationMode" "OrganizationMode" NOT NULL DEFAULT 'SELECTED',
ADD COLUMN     "region" TEXT NOT NULL DEFAULT 'eastus',
ADD COLUMN     "scanScopeEntries" TEXT[],
ADD COLUMN     "scanScopeMode" "ScanScopeMode" NOT NULL DEFAULT 'EXCLUSION',
ADD COLUMN     "scanners" TEXT[],
ADD COLUMN     "scanningEnabled" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "ConnectorOrganization" (
    "id" UUID NOT NULL,
    "connectorId" UUID NOT NULL,
    "provider" "DevOpsProvider" NOT NULL,
    "host" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectorOrganization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderAuthorization" (
    "id" UUID NOT NULL,
    "provider" "DevOpsProvider" NOT NULL,
    "host" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "identityLogin" TEXT NOT NULL,
    "identityName" TEXT,
    "identityEmail" TEXT,
    "scopes" TEXT[],
    "accessToken" TEXT NOT NULL,
    "refreshToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "refreshedAt" TIMESTAMP(3),
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProviderAuthorization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthRequest" (
    "stateHash" TEXT NOT NULL,
    "provider" "DevOpsProvider" NOT NULL,
    "host" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "redirectUri" TEXT NOT NULL,
    "returnTo" TEXT NOT NULL,
    "connectorId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OAuthRequest_pkey" PRIMARY KEY ("stateHash")
);

-- CreateIndex
CREATE INDEX "ConnectorOrganization_connectorId_idx" ON "ConnectorOrganization"("connectorId");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectorOrganization_provider_host_externalId_key" ON "ConnectorOrganization"("provider", "host", "externalId");

-- CreateIndex
CREATE INDEX "OAuthRequest_expiresAt_idx" ON "OAuthRequest"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Connector_authorizationId_key" ON "Connector"("authorizationId");

-- AddForeignKey
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_authorizationId_fkey" FOREIGN KEY ("authorizationId") REFERENCES "ProviderAuthorization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectorOrganization" ADD CONSTRAINT "ConnectorOrganization_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;
