// exifr's small browser build (JPEG, GPS), imported lazily by the report form; the package's own
// types describe its full build.
declare module 'exifr/dist/mini.esm.mjs' {
	export function gps(input: Blob | ArrayBuffer): Promise<{ latitude: number; longitude: number } | undefined>;
}
