// The validators that run after the schema, in order. New rule sets (personal data, metadata) plug in here.
import { metadataValidator } from '../metadata/validator';
import { personalDataValidator } from '../personal-data/validator';
import { semanticValidator } from './semantic';
import type { Validator } from './validator';

export const VALIDATORS: readonly Validator[] = [semanticValidator, personalDataValidator, metadataValidator];
