/* This file is part of Hestia.  The COPYRIGHT file at the top level of
   this repository contains the full copyright notices and license terms.

   Hestia in sao, which loads custom.js from its root (the Makefile copies
   this file there): the product's name in the window title and the top
   bar instead of « Tryton », the page in French. The bar's right side
   already names the agent and their city or Département. */
Sao.config.title = 'Hestia';
document.title = Sao.config.title;
document.documentElement.lang = 'fr';
jQuery(function() {
    jQuery('#title').text(Sao.config.title);
});
