import { Inject, Injectable } from '@nestjs/common';
import { citizenNamesMatch } from '@lgsp/adapters/population-database/citizen-name';
import { CitizenRequest } from './citizen-request.reader';
import { POPULATION_OPTIONS, PopulationSimulatorOptions } from './population-simulator.options';
import { Citizen, fullNameOf, generatePopulation } from '../kit/synthetic-population';

/** The synthetic population, indexed by both ID kinds, and the matching rules of look-up and verification. */
@Injectable()
export class PopulationRegistry {
  readonly citizens: readonly Citizen[];
  private readonly byId = new Map<string, Citizen>();
  private readonly byLegacyId = new Map<string, Citizen>();

  constructor(@Inject(POPULATION_OPTIONS) options: PopulationSimulatorOptions) {
    this.citizens = generatePopulation(options.populationSeed, options.populationSize);
    for (const citizen of this.citizens) {
      this.byId.set(citizen.SoDinhDanh, citizen);
      if (citizen.SoCMND) this.byLegacyId.set(citizen.SoCMND, citizen);
    }
  }

  find(id: string): Citizen | undefined {
    return this.byId.get(id) ?? this.byLegacyId.get(id);
  }

  /** The citizen the request names, only if the ID, the name and the birth date all agree. */
  match(request: CitizenRequest): Citizen | undefined {
    const citizen =
      request.id.kind === 'personal'
        ? this.byId.get(request.id.value)
        : this.byLegacyId.get(request.id.value);
    if (!citizen || !citizenNamesMatch(fullNameOf(citizen), request.fullName)) return undefined;
    const born = citizen.NgayThangNamSinh;
    const birthMatches =
      request.birth.kind === 'date' ? born === request.birth.value : born.startsWith(request.birth.value);
    return birthMatches ? citizen : undefined;
  }

  /** Evenly spread citizens, the same ones every time for a given count (tests can name them). */
  sample(count: number, offset = 0): Citizen[] {
    const size = this.citizens.length;
    const wanted = Math.max(0, Math.min(count, size));
    const step = wanted > 0 ? Math.floor(size / wanted) : 1;
    return Array.from({ length: wanted }, (_, index) => this.citizens[(offset + index * step) % size]);
  }
}
