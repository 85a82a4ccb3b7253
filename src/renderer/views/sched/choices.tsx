/** The scheduling policies the UI offers, and a CPU-count menu, shared by the live view and the lab. */
export const POLICY_CHOICES = ['fifo', 'sjf', 'stcf', 'rr', 'priority', 'mlfq', 'lottery', 'stride', 'cfs', 'multi'];

const CPU_CHOICES = [1, 2, 3, 4, 8];

export function CpuSelect({ value, onChange }: { value: number; onChange: (cpus: number) => void }) {
  return (
    <label>
      CPUs
      <select value={value} onChange={(e) => onChange(Number(e.target.value))} aria-label="CPUs">
        {CPU_CHOICES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
