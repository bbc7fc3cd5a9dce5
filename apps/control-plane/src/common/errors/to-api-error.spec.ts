import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { apiErrorCodeSchema } from '@gatehouse/contracts';
import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.js';
import { httpStatusOf } from './http-status.js';
import { toApiError } from './to-api-error.js';

describe('toApiError', () => {
  it('maps every error code of the contract to a status', () => {
    for (const code of apiErrorCodeSchema.options) {
      const { status, body } = toApiError(new DomainError(code, 'message'), 'req-1');
      expect(status).toBe(httpStatusOf[code]);
      expect(body).toEqual({ error: { code, message: 'message', requestId: 'req-1' } });
    }
  });

  it('keeps validation issues', () => {
    const error = DomainError.validation([{ path: 'name', message: 'is required' }]);
    expect(toApiError(error).body.error).toEqual({
      code: 'validation_failed',
      message: 'Invalid request: name: is required',
      issues: [{ path: 'name', message: 'is required' }],
    });
  });

  it('classifies framework errors by status, and Fastify request errors by code', () => {
    expect(toApiError(new NotFoundException()).status).toBe(404);
    expect(toApiError(new BadRequestException('x')).body.error.code).toBe('malformed_request');
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(
      toApiError(new HttpException(tooLarge.message, 413, { cause: tooLarge })).body.error,
    ).toEqual({
      code: 'payload_too_large',
      message: 'The request body is larger than this server accepts.',
    });
  });

  it('shows nothing of an unexpected error', () => {
    const result = toApiError(new Error('connect ECONNREFUSED 10.0.0.5:5432'), 'req-9');
    expect(result.status).toBe(500);
    expect(result.unexpected).toBe(true);
    expect(JSON.stringify(result.body)).not.toContain('ECONNREFUSED');
  });
});
