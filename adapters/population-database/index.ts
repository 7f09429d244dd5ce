export { NgspTokenClient } from './client/ngsp-token.client';
export { PopulationSoapClient } from './client/population-soap.client';
export { populationDatabaseConfig } from './population-database.config';
export { PopulationDatabaseModule } from './population-database.module';
export { POPULATION_DATABASE } from './population-database.policy';
