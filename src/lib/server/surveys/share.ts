/**
 * The survey's share QR code, for posters (SVG, scales without blur) and WeChat (PNG). The code
 * holds the public link on this site's configured origin.
 */
import QRCode from 'qrcode';
import { config } from '../config';

export const shareUrl = (slug: string, en = false) => `${config.origin}${en ? '/en' : ''}/surveys/${slug}`;

export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export function qrPng(url: string): Promise<Buffer> {
	return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 1024 });
}
