"PES V2 files for the DGFiP (Hélios): aller, acquit, retour, R2P."
