import type { PolicySimulationResult } from '@gatehouse/contracts';
import { Badge } from '../../../components/ui/badge';
import { Table, TBody, Td, Th, THead, Tr } from '../../../components/ui/table';

const outcomeTone = { pass: 'success', refuse: 'danger', skip: 'neutral' } as const;

/** The decision, the rule that refused (if any) and every check in the gateway's order. */
export function SimulationResult({ result }: { readonly result: PolicySimulationResult }) {
  return (
    <div className="flex flex-col gap-3" data-testid="simulation">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={result.allowed ? 'success' : 'danger'} className="text-sm">
          {result.allowed ? 'Allowed' : 'Refused'}
        </Badge>
        <span className="text-xs text-muted-foreground">snapshot v{result.snapshotVersion}</span>
      </div>
      {!result.allowed ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Rule</dt>
          <dd className="font-mono break-all" data-testid="simulation-rule">
            {result.rule ?? '—'}
          </dd>
          <dt className="text-muted-foreground">Reason</dt>
          <dd className="font-mono break-all">{result.reason ?? '—'}</dd>
          <dt className="text-muted-foreground">Message</dt>
          <dd className="break-words">{result.message ?? '—'}</dd>
          {result.missingScopes && result.missingScopes.length > 0 ? (
            <>
              <dt className="text-muted-foreground">Missing scopes</dt>
              <dd className="font-mono">{result.missingScopes.join(', ')}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {result.route ? (
        <p className="text-sm">
          Routed to <span className="font-mono">{result.route.upstream}</span> /{' '}
          <span className="font-mono">{result.route.tool}</span>
        </p>
      ) : null}
      {result.identity ? (
        <p className="text-sm text-muted-foreground">
          As client <span className="font-mono">{result.identity.client}</span> of tenant{' '}
          <span className="font-mono">{result.identity.tenant}</span> ({result.identity.credential}
          ), scopes {result.identity.scopes.join(', ') || 'none'}
        </p>
      ) : null}
      <Table aria-label="Rule trail">
        <THead>
          <Tr>
            <Th>Step</Th>
            <Th>Rule</Th>
            <Th>Outcome</Th>
          </Tr>
        </THead>
        <TBody>
          {result.trail.map((step, index) => (
            <Tr key={`${step.step}-${step.rule}-${index}`}>
              <Td className="text-xs">{step.step}</Td>
              <Td className="font-mono text-xs break-all">
                {step.rule}
                {step.detail ? (
                  <div className="font-sans text-muted-foreground">{step.detail}</div>
                ) : null}
              </Td>
              <Td>
                <Badge tone={outcomeTone[step.outcome]}>{step.outcome}</Badge>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
