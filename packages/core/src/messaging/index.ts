/** Messaging: conversations about a learner among the learner, their teachers and guardians. */
export {
  startThread,
  listMyThreads,
  listMessages,
  postMessage,
  markThreadRead,
  StartThreadInput,
  PostMessageInput,
  type Thread,
  type Message,
  type ThreadSummary,
  type MyThreads,
} from "./threads.js";
