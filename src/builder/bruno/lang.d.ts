/** `@usebruno/lang` ships no types: the writers the Bruno output uses, as far as it uses them. */
declare module '@usebruno/lang' {
  export function jsonToBruV2(request: object): string;
  export function jsonToCollectionBru(collectionOrFolder: object): string;
  export function envJsonToBruV2(environment: object): string;
  export function bruToEnvJsonV2(text: string): {
    variables: Array<{ name: string; value: string; enabled: boolean; secret: boolean }>;
  } & Record<string, unknown>;
  export function bruToJsonV2(text: string): Record<string, unknown>;
  export function collectionBruToJson(text: string): Record<string, unknown>;
}
