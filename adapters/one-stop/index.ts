export { ONE_STOP } from './one-stop.policy';
export { OneStopClient, type OneStopDelivery } from './client/one-stop.client';
export { oneStopConfig } from './one-stop.config';
export { OneStopModule } from './one-stop.module';
