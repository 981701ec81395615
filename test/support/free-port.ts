export { freePort } from '../../tools/reliability/free-port';
