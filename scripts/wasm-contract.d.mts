export function exportsInterface(dts: string): string;
export function exportNames(ts: string): string[];
export function checkContract(options?: { dtsPath?: string; outPath?: string; force?: boolean }): { removed: string[]; added: string[]; written: boolean };
export function contractError(removed: string[]): string;
