// Types of scripts/slurm-local.mjs, for the tests.
export interface JobState {
  /** "JOB" or "JOB_TASK" for a task of an array. */
  id: string;
  state: string;
  exitCode: string;
  reason: string;
}

export interface LocalSlurm {
  dir: string;
  conf: string;
  env: NodeJS.ProcessEnv;
  cpus: number;
  memoryMB: number;
  node: string;
  client(name: string, args: string[]): string;
  sbatch(args: string[]): string;
  jobs(ids: string[]): JobState[];
  waitJobs(ids: string[], timeoutMs?: number): Promise<JobState[]>;
  stop(): Promise<void>;
}

export function slurmUnavailable(): string | null;
export function startLocalSlurm(options?: { dir?: string; cpus?: number; memoryMB?: number; startTimeoutMs?: number; keep?: boolean }): Promise<LocalSlurm>;
