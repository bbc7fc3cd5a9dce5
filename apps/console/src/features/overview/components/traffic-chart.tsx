import type { AuditStatsBucket } from '@gatehouse/contracts';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Calls, errors and refusals per minute. */
export function TrafficChart({ buckets }: { readonly buckets: readonly AuditStatsBucket[] }) {
  const data = buckets.map((bucket) => ({
    ...bucket,
    label: time.format(new Date(bucket.minute)),
  }));
  return (
    <div className="h-64 w-full" role="img" aria-label="Calls, errors and refusals per minute">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" stroke="var(--muted-foreground)" fontSize={12} minTickGap={24} />
          <YAxis allowDecimals={false} stroke="var(--muted-foreground)" fontSize={12} />
          <Tooltip
            contentStyle={{
              background: 'var(--card)',
              border: '1px solid var(--border)',
              color: 'var(--foreground)',
            }}
          />
          <Legend />
          <Area
            isAnimationActive={false}
            type="monotone"
            dataKey="calls"
            name="calls"
            stroke="var(--primary)"
            fill="var(--primary)"
            fillOpacity={0.2}
          />
          <Area
            isAnimationActive={false}
            type="monotone"
            dataKey="errors"
            name="errors"
            stroke="var(--destructive)"
            fill="var(--destructive)"
            fillOpacity={0.2}
          />
          <Area
            isAnimationActive={false}
            type="monotone"
            dataKey="refused"
            name="refused"
            stroke="var(--warning)"
            fill="var(--warning)"
            fillOpacity={0.2}
          />
          <Area
            isAnimationActive={false}
            type="monotone"
            dataKey="rateLimited"
            name="rate-limited"
            stroke="var(--muted-foreground)"
            fill="var(--muted-foreground)"
            fillOpacity={0.15}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
