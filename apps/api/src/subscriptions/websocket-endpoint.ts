/** Where websocket clients connect on the API's HTTP server (plain WebSocket, not socket.io). */
export const WEBSOCKET_SUBSCRIPTIONS_PATH = '/fhir/R4/ws/subscriptions';

/** The public URL of that endpoint, beside the public FHIR base URL (http → ws, https → wss). */
export function websocketUrlOf(fhirBaseUrl: string): string {
  return `${fhirBaseUrl.replace(/^http/, 'ws')}/ws/subscriptions`;
}
