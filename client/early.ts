/** Runs before the app's script: see sync/earlySocket.ts. */
import { openEarlyBoardSocket } from './sync/earlySocket.ts'

openEarlyBoardSocket()
