export interface Edge { from: string; to: string }
export const LAYERS: string[][];
export function importsOf(text: string): string[];
export function importGraph(root: string): Edge[];
export function unitOf(file: string): string | null;
export function checkLayers(edges: Edge[], layers?: string[][]): string[];
export function checkLayersOrExit(root?: string): void;
