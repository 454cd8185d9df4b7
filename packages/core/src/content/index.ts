/** Content: resources, items and variants, answering, rubrics and tasks, scoring, choice boards. */
export * from "./resources.js";
export * from "./items.js";
export * from "./item-scoring.js";
export * from "./answer-item.js";
export * from "./rubrics.js";
export * from "./submissions.js";
export * from "./choice-boards.js";
export * from "./revisions.js";
export * from "./update-item.js";
export * from "./update-rubric.js";
export * from "./update-choice-board.js";
export * from "./home-notes.js";
