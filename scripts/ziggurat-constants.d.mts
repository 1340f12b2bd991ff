export function tailArea(x: number): number;
export function topExcess(n: number, r: number): { excess: number; v: number };
export function zigguratConstants(n: number): { r: number; v: number };
