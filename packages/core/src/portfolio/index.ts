export * from "./artifacts.js";
export * from "./claims.js";
export { can as canPortfolio, type PortfolioAction } from "./policies.js";
