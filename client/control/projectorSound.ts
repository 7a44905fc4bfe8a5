/**
 * 終わったら音を鳴らす on the projector, kept on the laptop (localStorage) so that a projector reloaded mid-session
 * still chimes. A browser lets a page make a sound only once someone has clicked or pressed a key on it
 * (autoplay rules): a projector reloaded with the sound on says so until it has been clicked, instead of
 * staying silent when the timer ends.
 */
import { useEffect, useState } from 'react'
import { readPref, writePref } from '../devicePrefs.ts'

const STORAGE_KEY = 'yoriai:projectorSound'

/** Whether the page may start a sound now (a browser that does not say is taken to allow it). */
const mayPlay = (): boolean => navigator.userActivation?.hasBeenActive ?? true

export function useProjectorSound(): { sound: boolean; setSound: (on: boolean) => void; needsClick: boolean } {
  const [sound, setChosen] = useState(() => readPref(STORAGE_KEY) === 'on')
  const [activated, setActivated] = useState(mayPlay)
  useEffect(() => {
    if (activated) return undefined
    // After the event: the page counts as activated once a click or key press has been handled.
    const check = () => setTimeout(() => mayPlay() && setActivated(true))
    addEventListener('pointerdown', check, true)
    addEventListener('keydown', check, true)
    return () => {
      removeEventListener('pointerdown', check, true)
      removeEventListener('keydown', check, true)
    }
  }, [activated])
  const setSound = (on: boolean) => {
    setChosen(on)
    writePref(STORAGE_KEY, on ? 'on' : null)
  }
  return { sound, setSound, needsClick: sound && !activated }
}
