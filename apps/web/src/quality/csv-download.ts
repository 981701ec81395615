import { apiResponse } from '../api/api-client';

/**
 * Downloads a CSV the API serves behind the bearer token: a plain link cannot send the token, so the
 * file is fetched and handed to the browser as a download under the server's file name.
 */
export async function downloadCsv(path: string): Promise<void> {
  const response = await apiResponse(path, { headers: { Accept: 'text/csv' } });
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'bro-kvalitet.csv';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the object URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
