/**
 * @module arm/paths
 * ARM resource paths built from names. Every name is one encoded path segment; empty, "." and ".." are
 * refused before anything is sent (the URL parser would otherwise collapse them into another resource).
 */
import { InputError } from "../errors.ts";

export const ML_PROVIDER = "Microsoft.MachineLearningServices";
export const STORAGE_PROVIDER = "Microsoft.Storage";

export function segment(value: string, what: string): string {
  if (typeof value !== "string" || value === "" || value === "." || value === "..") {
    throw new InputError(
      "ARM_BAD_NAME",
      `The ${what} name ${JSON.stringify(value)} cannot be used in a resource path.`,
    );
  }
  return encodeURIComponent(value);
}

export function subscriptionPath(subscriptionId: string): string {
  return `/subscriptions/${segment(subscriptionId, "subscription")}`;
}

export function resourceGroupPath(subscriptionId: string, resourceGroup: string): string {
  return `${subscriptionPath(subscriptionId)}/resourceGroups/${segment(resourceGroup, "resource group")}`;
}

/** `/subscriptions/{sub}[/resourceGroups/{rg}]/providers/{provider}` */
export function providerPath(
  subscriptionId: string,
  resourceGroup: string | undefined,
  provider: string,
): string {
  const base =
    resourceGroup === undefined
      ? subscriptionPath(subscriptionId)
      : resourceGroupPath(subscriptionId, resourceGroup);
  return `${base}/providers/${provider}`;
}
